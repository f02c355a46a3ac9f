resource "aws_lb" "public" {
  name               = "public"
  load_balancer_type = "application"
  access_logs {
    bucket  = aws_s3_bucket.logs.id
    enabled = true
  }
}

resource "aws_lb" "gwlb" {
  name               = "inspection"
  load_balancer_type = "gateway"
}

resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["ap-northeast-1a"]
  access_logs {
    bucket = aws_s3_bucket.logs.id
  }
}
