resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = file("containers.json")
  volume {
    name = "shared"
    efs_volume_configuration { # krewlint-expect: KR-6-31-ECS-EFS-TRANSIT
      file_system_id = aws_efs_file_system.shared.id
    }
  }
  volume {
    name = "other"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.shared.id
      transit_encryption = "DISABLED" # krewlint-expect: KR-6-31-ECS-EFS-TRANSIT
    }
  }
}
