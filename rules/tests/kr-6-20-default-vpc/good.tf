resource "aws_vpc" "service" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.service.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "ap-northeast-1a"
}

data "aws_vpc" "shared" {
  tags = {
    Name = "krewdata-shared"
  }
}

data "aws_vpc" "by_id" {
  id      = "vpc-0123456789abcdef0"
  default = false
}

data "aws_subnet" "private" {
  vpc_id            = data.aws_vpc.shared.id
  availability_zone = "ap-northeast-1a"
}

# hardening the default security group is allowed
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.service.id
}
