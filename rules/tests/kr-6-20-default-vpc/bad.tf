resource "aws_default_vpc" "default" { # krewlint-expect: KR-6-20-DEFAULT-VPC
  tags = {
    Name = "Default VPC"
  }
}

resource "aws_default_subnet" "a" { # krewlint-expect: KR-6-20-DEFAULT-VPC
  availability_zone = "ap-northeast-1a"
}

data "aws_vpc" "default" {
  default = true # krewlint-expect: KR-6-20-DEFAULT-VPC
}

data "aws_subnet" "default_a" {
  vpc_id            = data.aws_vpc.default.id
  availability_zone = "ap-northeast-1a"
  default_for_az    = true # krewlint-expect: KR-6-20-DEFAULT-VPC
}
