resource "aws_ebs_volume" "data" {
  availability_zone = "ap-northeast-1a"
  size              = 100
  encrypted         = true
}

resource "aws_ebs_encryption_by_default" "account" {
  enabled = true
}
