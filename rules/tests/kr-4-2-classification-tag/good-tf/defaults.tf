# default_tags of the default provider, in another file of the folder.
resource "aws_sns_topic" "alerts" {
  name     = "alerts"
  provider = aws.osaka
}
