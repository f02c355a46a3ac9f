# krewlint-expect: KR-6-24-KMS-KEY-ROTATION
resource "aws_kms_key" "data" {
  description = "customer data"
}

resource "aws_kms_key" "off" {
  description         = "customer data"
  # krewlint-expect: KR-6-24-KMS-KEY-ROTATION
  enable_key_rotation = false
}
