resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  logging_config {
    bucket          = "krew-cdn-logs.s3.amazonaws.com"
    include_cookies = false
  }
}
