"""The chain of one task: an assignment forwarded down as a sub-task (giao tiếp cho cấp
dưới), to any depth, and the reads that follow it back up (completion by level and by kind
of body). The columns live on `Task` (parent_assignment_id, root_task_id, chain_depth)."""
