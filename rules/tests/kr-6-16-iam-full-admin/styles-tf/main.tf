# Every way Terraform writes a policy, failing and passing.

resource "aws_iam_policy" "jsonencoded" {
  name = "admin"
  # krewlint-expect: KR-6-16-IAM-FULL-ADMIN
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "jsonencoded_ok" {
  name = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" },
      { Effect = "Deny", Action = "*", Resource = "*" },
    ]
  })
}

resource "aws_iam_role_policy" "heredoc" {
  role = "app"
  # krewlint-expect: KR-6-16-IAM-FULL-ADMIN
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": {"Effect": "Allow", "Action": ["*"], "Resource": "*"}
    }
  EOT
}

resource "aws_iam_user_policy" "quoted" {
  user   = "ci"
  policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}"
}

resource "aws_iam_group_policy" "from_file" {
  group  = "ops"
  policy = file("${path.module}/admin.json") # krewlint-expect: KR-6-16-IAM-FULL-ADMIN
}

locals {
  actions = ["*"]
}

resource "aws_iam_role" "inline" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "all"
    # krewlint-expect: KR-6-16-IAM-FULL-ADMIN
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = local.actions, Resource = ["*"] }] })
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# A data source used by a policy: reported once, at its own line.
data "aws_iam_policy_document" "used" {
  statement {
    sid       = "All"
    actions   = ["*"] # krewlint-expect: KR-6-16-IAM-FULL-ADMIN
    resources = ["*"]
  }
}

resource "aws_iam_policy" "from_data" {
  name   = "from-data"
  policy = data.aws_iam_policy_document.used.json
}

# override_policy_documents replaces the statement with the same sid: passes.
data "aws_iam_policy_document" "narrowed" {
  source_policy_documents = [data.aws_iam_policy_document.used.json]
  override_policy_documents = [jsonencode({
    Statement = [{ Sid = "All", Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
  })]
}

resource "aws_iam_policy" "narrowed" {
  name   = "narrowed"
  policy = data.aws_iam_policy_document.narrowed.json
}
