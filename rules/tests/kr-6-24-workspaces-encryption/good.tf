resource "aws_workspaces_workspace" "desk" {
  directory_id                   = aws_workspaces_directory.main.id
  bundle_id                      = "wsb-bh8rsxt14"
  user_name                      = "alice"
  root_volume_encryption_enabled = true
  user_volume_encryption_enabled = true
  volume_encryption_key          = "alias/aws/workspaces"
}
