locals {
  policy = <<EOT
{"Version": "2012-10-17"}
EOT
  indented = <<-EOF
    hello ${var.name}
    %{ for x in var.l }${x}%{ endfor }
  EOF
}
