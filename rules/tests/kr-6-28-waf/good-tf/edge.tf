resource "aws_lb" "public" {
  name    = "public-alb"
  subnets = aws_subnet.public[*].id
}

# Network load balancers cannot take a web ACL.
resource "aws_lb" "nlb" {
  load_balancer_type = "network"
}

resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
}

resource "aws_cloudfront_distribution" "assets" {
  enabled    = true
  web_acl_id = aws_wafv2_web_acl.cloudfront.arn
}

# Associated by name: the ARN literal names the load balancer.
resource "aws_lb" "named" {
  name = "named-alb"
}
