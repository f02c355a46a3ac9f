# krewlint-expect: KR-6-24-WORKSPACES-ENCRYPTION
resource "aws_workspaces_workspace" "desk" {
  directory_id = aws_workspaces_directory.main.id
  bundle_id    = "wsb-bh8rsxt14"
  user_name    = "alice"
}

resource "aws_workspaces_workspace" "half" {
  directory_id                   = aws_workspaces_directory.main.id
  bundle_id                      = "wsb-bh8rsxt14"
  user_name                      = "bob"
  root_volume_encryption_enabled = true
  user_volume_encryption_enabled = false # krewlint-expect: KR-6-24-WORKSPACES-ENCRYPTION
  volume_encryption_key          = "alias/aws/workspaces"
}
