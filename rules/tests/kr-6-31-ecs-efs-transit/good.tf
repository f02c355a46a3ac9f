resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = file("containers.json")
  volume {
    name = "shared"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.shared.id
      transit_encryption = "ENABLED"
    }
  }
  volume {
    name      = "scratch"
    host_path = "/tmp"
  }
}
