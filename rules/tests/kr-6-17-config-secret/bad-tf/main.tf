provider "aws" {
  region     = "ap-northeast-1"
  # krewlint-expect: KR-6-17-CONFIG-SECRET
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz9kQ3vT"
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
  environment {
    variables = {
      LOG_LEVEL   = "info"
      # krewlint-expect: KR-6-17-CONFIG-SECRET
      DB_PASSWORD = "Tr0ub4dor-3xyz"
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  family = "app"
  # krewlint-expect: KR-6-17-CONFIG-SECRET
  container_definitions = <<JSON
[{"name": "app", "image": "app:1", "environment": [{"name": "STRIPE_API_KEY", "value": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}]}]
JSON
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  # krewlint-expect: KR-6-17-CONFIG-SECRET
  user_data     = <<EOT
#!/bin/sh
export DB_PASSWORD=Zq8vN2kLpX4w
EOT
}
