resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  environment {
    variables = {
      TZ = "UTC"
    }
  }
}

resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  environment {
    variables = {
      LOG_LEVEL = "debug"
    }
  }
}

resource "aws_lambda_function" "lambda_default" {
  function_name = "cron"
  role          = aws_iam_role.api.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  environment {
    variables = {
      TZ = ":UTC"
    }
  }
}
