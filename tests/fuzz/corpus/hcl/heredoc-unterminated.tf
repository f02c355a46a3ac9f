locals {
  p = <<EOT
never closed
