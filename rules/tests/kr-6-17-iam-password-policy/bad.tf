resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 8 # krewlint-expect: KR-6-17-IAM-PASSWORD-POLICY
  require_symbols         = true
}
