variable "db_password" {
  type      = string
  sensitive = true
}

provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
  environment {
    variables = {
      DB_PASSWORD      = var.db_password
      API_TOKEN        = "changeme"
      SECRET_ARN       = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"
      PASSWORD_LENGTH  = "16"
      CLIENT_SECRET    = "${var.db_password}"
      SESSION_TOKEN    = "<set-at-deploy>"
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = <<JSON
[{"name": "app", "image": "app:1", "secrets": [{"name": "STRIPE_API_KEY", "valueFrom": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/stripe"}], "environment": [{"name": "REGION", "value": "ap-northeast-1"}]}]
JSON
}

resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<EOT
#!/bin/sh
export DB_PASSWORD=$(aws ssm get-parameter --name /db/password --with-decryption --query Parameter.Value --output text)
EOT
}
