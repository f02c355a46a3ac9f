# krewlint-expect: KR-6-13-LB-ACCESS-LOGS
resource "aws_lb" "public" {
  name               = "public"
  load_balancer_type = "application"
}

resource "aws_lb" "bucket_only" {
  name = "bucket-only"
  access_logs { # krewlint-expect: KR-6-13-LB-ACCESS-LOGS
    bucket = aws_s3_bucket.logs.id # the provider default is enabled = false
  }
}

resource "aws_alb" "off" {
  name = "off"
  access_logs {
    bucket  = aws_s3_bucket.logs.id
    enabled = false # krewlint-expect: KR-6-13-LB-ACCESS-LOGS
  }
}

# krewlint-expect: KR-6-13-LB-ACCESS-LOGS
resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["ap-northeast-1a"]
}
