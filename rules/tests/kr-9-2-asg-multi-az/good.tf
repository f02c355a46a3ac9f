resource "aws_autoscaling_group" "web" {
  name                = "krewdata-web"
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = [aws_subnet.private_a.id, aws_subnet.private_c.id]
}

resource "aws_autoscaling_group" "batch" {
  name               = "krewdata-batch"
  min_size           = 2
  max_size           = 2
  availability_zones = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
}
