resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  environment {
    variables = {
      TZ        = "Asia/Tokyo" # krewlint-expect: KR-6-14-TZ-UTC
      LOG_LEVEL = "info"
    }
  }
}
