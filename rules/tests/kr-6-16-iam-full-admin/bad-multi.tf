data "aws_iam_policy_document" "mixed" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    effect    = "Allow"
    actions   = ["*"] # krewlint-expect: KR-6-16-IAM-FULL-ADMIN
    resources = ["*"]
  }
}
