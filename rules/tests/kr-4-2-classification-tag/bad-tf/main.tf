provider "aws" {
  region = "ap-northeast-1"
  default_tags {
    tags = {
      Owner = "x"
    }
  }
}

provider "aws" {
  alias  = "osaka"
  region = "ap-northeast-3"
  default_tags {
    tags = {
      DataClassification = "confidential"
    }
  }
}

resource "aws_s3_bucket" "exports" { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
  bucket = "krewdata-exports"
}

resource "aws_dynamodb_table" "jobs" {
  name     = "jobs"
  hash_key = "id"
  tags = { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
    Name = "jobs"
  }
}

resource "aws_sqs_queue" "empty" {
  name = "empty"
  tags = {
    DataClassification = "" # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
  }
}

# Only the Osaka provider has the tag; this resource uses the default one.
resource "aws_lambda_function" "api" { # krewlint-expect: KR-4-2-CLASSIFICATION-TAG
  function_name = "api"
  role          = aws_iam_role.api.arn
}
