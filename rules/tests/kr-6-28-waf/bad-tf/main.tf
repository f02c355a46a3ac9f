# An ALB (type left to its default), an API stage and a CloudFront distribution without WAF.
# krewlint-expect: KR-6-28-WAF
resource "aws_lb" "public" {
  name    = "public-alb"
  subnets = aws_subnet.public[*].id
}

resource "aws_alb" "legacy" { # krewlint-expect: KR-6-28-WAF
  name               = "legacy-alb"
  load_balancer_type = "application"
}

# The association refers to another load balancer.
resource "aws_lb" "admin" { # krewlint-expect: KR-6-28-WAF
  name = "admin-alb"
}

resource "aws_wafv2_web_acl_association" "other" {
  resource_arn = aws_lb.other.arn
  web_acl_arn  = aws_wafv2_web_acl.main.arn
}

resource "aws_api_gateway_stage" "prod" { # krewlint-expect: KR-6-28-WAF
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
}

resource "aws_cloudfront_distribution" "assets" { # krewlint-expect: KR-6-28-WAF
  enabled = true
}

