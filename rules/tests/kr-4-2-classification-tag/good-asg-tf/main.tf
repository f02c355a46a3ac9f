resource "aws_autoscaling_group" "workers" {
  min_size = 2
  max_size = 4
  launch_template {
    id = aws_launch_template.workers.id
  }
}

resource "aws_launch_template" "workers" {
  image_id = "ami-0abcdef1234567890"
  tag_specifications {
    resource_type = "instance"
    tags = {
      Owner              = "team-data"
      DataClassification = "confidential"
    }
  }
}

resource "aws_autoscaling_group" "tagged" {
  min_size = 2
  max_size = 4
  tag {
    key                 = "DataClassification"
    value               = "confidential"
    propagate_at_launch = true
  }
}
