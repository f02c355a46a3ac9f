# The bucket policy's document is a data source: the document passes, but the policy's
# value is an expression krewlint cannot follow from the bucket policy (a note).
resource "aws_s3_bucket" "uploads" {
  bucket = "krewdata-uploads"
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = data.aws_iam_policy_document.uploads.json # krewlint-expect: KR-6-31-S3-DENY-INSECURE-TRANSPORT
}

data "aws_iam_policy_document" "uploads" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
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
