provider "aws" {
  region = "ap-northeast-1"
  default_tags {
    tags = {
      DataClassification = "x"
    }
  }
}

provider "aws" {
  alias  = "osaka"
  region = "ap-northeast-3"
  default_tags {
    tags = {
      Owner = "platform-team"
    }
  }
}

resource "aws_s3_bucket" "exports" { # krewlint-expect: KR-4-1-OWNER-TAG
  bucket = "krewdata-exports"
}

resource "aws_dynamodb_table" "jobs" {
  name     = "jobs"
  hash_key = "id"
  tags = { # krewlint-expect: KR-4-1-OWNER-TAG
    Name = "jobs"
  }
}

resource "aws_sqs_queue" "empty" {
  name = "empty"
  tags = {
    Owner = "" # krewlint-expect: KR-4-1-OWNER-TAG
  }
}

# Only the Osaka provider has the tag; this resource uses the default one.
resource "aws_lambda_function" "api" { # krewlint-expect: KR-4-1-OWNER-TAG
  function_name = "api"
  role          = aws_iam_role.api.arn
}
