resource "aws_security_group" "sg" {
  count = var.on ? 1 : 0
  name = upper(var.n)
  ref = aws_vpc.main.id
  splat = aws_subnet.a[*].id
  idx = var.m["k"]
  math = 1 + 2 * -3
  cond = !var.x && var.y || 1 >= 2
  forexp = {for k, v in var.m : k => v if v != null}
  dynamic "ingress" {
    for_each = var.rules
    content { from_port = ingress.value.port }
  }
  ingress { cidr_blocks = ["0.0.0.0/0"] }
  ingress { cidr_blocks = ["10.0.0.0/8"] }
}
