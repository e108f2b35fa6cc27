"""Directives (văn bản chỉ đạo) and the tree of directives implementing others."""
