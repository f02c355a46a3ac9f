resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.jp"
  regional_certificate_arn = aws_acm_certificate.api.arn
  security_policy          = "TLS_1_2"
}
