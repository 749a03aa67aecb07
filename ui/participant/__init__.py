"""What participants see: joining, the steps, the end screen, the widgets of each kind."""
