# Bucket policies in each writing style, read through the policy model.

resource "aws_s3_bucket" "a" {
  bucket = "krewdata-a"
}

# jsonencode with a bool false and the key written in lower case: passes.
resource "aws_s3_bucket_policy" "a" {
  bucket = aws_s3_bucket.a.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyHTTP"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::krewdata-a", "arn:aws:s3:::krewdata-a/*"]
      Condition = { Bool = { "aws:securetransport" = false } }
    }]
  })
}

resource "aws_s3_bucket" "b" {
  bucket = "krewdata-b"
}

# file() of a JSON document with the Deny: passes.
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = file("${path.module}/deny-http.json")
}

resource "aws_s3_bucket" "c" {
  bucket = "krewdata-c"
}

# A quoted JSON string that only allows: fails at the attribute.
resource "aws_s3_bucket_policy" "c" {
  bucket = aws_s3_bucket.c.id
  policy = "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::krewdata-c/*\"}}" # krewlint-expect: KR-6-31-S3-DENY-INSECURE-TRANSPORT
}

resource "aws_s3_bucket" "d" {
  bucket = "krewdata-d"
}

# A data source that takes the Deny from its source_policy_documents: passes.
data "aws_iam_policy_document" "deny_http" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "d" {
  source_policy_documents = [data.aws_iam_policy_document.deny_http.json]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::krewdata-d/*"]
  }
}

resource "aws_s3_bucket_policy" "d" {
  bucket = aws_s3_bucket.d.id
  policy = data.aws_iam_policy_document.d.json
}

resource "aws_s3_bucket" "e" {
  bucket = "krewdata-e"
}

# The Deny sits in a variable the module's callers set: unknown, naming why.
variable "extra_statements" {
  type = list(any)
}

resource "aws_s3_bucket_policy" "e" {
  bucket = aws_s3_bucket.e.id
  # krewlint-expect: KR-6-31-S3-DENY-INSECURE-TRANSPORT
  policy = jsonencode({ Version = "2012-10-17", Statement = var.extra_statements })
}
