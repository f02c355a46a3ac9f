provider "aws" {
  region = "ap-northeast-1"
  default_tags {
    tags = { Owner = "team-data", DataClassification = "confidential" }
  }
}

# provider default tags do not reach the instances an auto scaling group launches
# krewlint-expect: KR-4-1-OWNER-TAG
resource "aws_autoscaling_group" "workers" {
  min_size = 2
  max_size = 4
  launch_template {
    id = aws_launch_template.workers.id
  }
}

resource "aws_launch_template" "workers" {
  image_id = "ami-0abcdef1234567890"
}

resource "aws_autoscaling_group" "not_propagated" {
  min_size = 2
  max_size = 4
  tag {
    key                 = "Owner"
    value               = "team-data"
    propagate_at_launch = false # krewlint-expect: KR-4-1-OWNER-TAG
  }
}
