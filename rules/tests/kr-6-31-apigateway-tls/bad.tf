resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.jp"
  regional_certificate_arn = aws_acm_certificate.api.arn
  security_policy          = "TLS_1_0" # krewlint-expect: KR-6-31-APIGATEWAY-TLS
}

# krewlint-expect: KR-6-31-APIGATEWAY-TLS
resource "aws_api_gateway_domain_name" "legacy" {
  domain_name     = "legacy.example.jp"
  certificate_arn = aws_acm_certificate.edge.arn
}
