data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["*"]
  }
  statement {
    actions   = ["*"]
    resources = ["arn:aws:s3:::exports/*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }
}
