data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"] # krewlint-expect: KR-6-16-IAM-FULL-ADMIN
    resources = ["*"]
  }
}
