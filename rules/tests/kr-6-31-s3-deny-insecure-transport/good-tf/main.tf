resource "aws_s3_bucket" "reports" {
  bucket = "krewdata-reports"
}

# Referred to by the bucket's literal name; the policy a literal JSON document.
resource "aws_s3_bucket_policy" "reports" {
  bucket = "krewdata-reports"
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DenyInsecureTransport",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": ["arn:aws:s3:::krewdata-reports", "arn:aws:s3:::krewdata-reports/*"],
          "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        }
      ]
    }
  JSON
}

# A document no bucket policy uses (an IAM role's policy) is not checked.
data "aws_iam_policy_document" "role" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.reports.arn}/*"]
  }
}
