# krewlint-expect: KR-6-13-CLOUDFRONT-ACCESS-LOGS
resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
}
