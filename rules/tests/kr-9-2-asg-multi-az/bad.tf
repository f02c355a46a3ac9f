resource "aws_autoscaling_group" "web" {
  name                = "krewdata-web"
  min_size            = 1
  max_size            = 2
  vpc_zone_identifier = [aws_subnet.private_a.id] # krewlint-expect: KR-9-2-ASG-MULTI-AZ
}

resource "aws_autoscaling_group" "batch" {
  name               = "krewdata-batch"
  min_size           = 1
  max_size           = 1
  availability_zones = ["ap-northeast-1a"] # krewlint-expect: KR-9-2-ASG-MULTI-AZ
}

# a list in a variable cannot be counted: unknown (a note)
resource "aws_autoscaling_group" "worker" {
  name                = "krewdata-worker"
  min_size            = 2
  max_size            = 4
  vpc_zone_identifier = var.private_subnet_ids # krewlint-expect: KR-9-2-ASG-MULTI-AZ
}
