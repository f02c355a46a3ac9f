# No bucket policy refers to this bucket.
resource "aws_s3_bucket" "uploads" { # krewlint-expect: KR-6-31-S3-DENY-INSECURE-TRANSPORT
  bucket = "krewdata-uploads"
}

resource "aws_s3_bucket" "reports" {
  bucket = "krewdata-reports"
}

resource "aws_s3_bucket" "exports" {
  bucket = "krewdata-exports"
}

resource "aws_s3_bucket" "assets" {
  bucket = "krewdata-assets"
}

# A literal policy without the Deny on aws:SecureTransport.
resource "aws_s3_bucket_policy" "reports" {
  bucket = aws_s3_bucket.reports.id
  policy = <<-JSON # krewlint-expect: KR-6-31-S3-DENY-INSECURE-TRANSPORT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::krewdata-reports/*"
      }]
    }
  JSON
}

# The policy document a bucket policy uses allows only: the policy model reads the data
# source, and the finding is reported at the document's own lines.
resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = data.aws_iam_policy_document.exports.json
}

data "aws_iam_policy_document" "exports" {
  # no statement has an aws:SecureTransport condition: reported at the first statement
  statement { # krewlint-expect: KR-6-31-S3-DENY-INSECURE-TRANSPORT
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
  # a Deny, but not of plain HTTP
  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteObject"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

# jsonencode(...) is evaluated: no statement at all (reported at the resource).
# krewlint-expect: KR-6-31-S3-DENY-INSECURE-TRANSPORT
resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = []
  })
}
