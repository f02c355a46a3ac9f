# krewlint-expect: KR-6-24-EBS-ENCRYPTION
resource "aws_ebs_volume" "data" {
  availability_zone = "ap-northeast-1a"
  size              = 100
}

resource "aws_ebs_encryption_by_default" "account" {
  enabled = false # krewlint-expect: KR-6-24-EBS-ENCRYPTION
}
