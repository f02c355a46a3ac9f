# krewlint-expect: KR-6-24-SNS-ENCRYPTION
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
