# krewlint-expect: KR-6-13-APIGATEWAY-ACCESS-LOGS
resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.d.id
}

# krewlint-expect: KR-6-13-APIGATEWAY-ACCESS-LOGS
resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}
