resource "aws_iam_role" "app" {
  name                = "app"
  assume_role_policy  = data.aws_iam_policy_document.assume.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] # krewlint-expect: KR-6-16-ADMIN-POLICY-ATTACHED
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # krewlint-expect: KR-6-16-ADMIN-POLICY-ATTACHED
}

resource "aws_iam_user_policy_attachment" "admin" {
  user       = aws_iam_user.ops.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # krewlint-expect: KR-6-16-ADMIN-POLICY-ATTACHED
}

resource "aws_iam_group_policy_attachment" "admin" {
  group      = aws_iam_group.ops.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # krewlint-expect: KR-6-16-ADMIN-POLICY-ATTACHED
}

resource "aws_ssoadmin_managed_policy_attachment" "admin" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
  managed_policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # krewlint-expect: KR-6-16-ADMIN-POLICY-ATTACHED
  permission_set_arn = aws_ssoadmin_permission_set.ops.arn
}
