"""Who stands behind a write when it is not simply the signed-in user: a coordinator
entering a body's report for it (nhập thay), or a body's secret link. Operations take
either as `actor`; the history stamps each entry with what it carries."""


class OnBehalf:
    """A user acting for a body (nhập thay): the user everywhere (id, name, body), and each
    history entry also names the body it was done for."""

    def __init__(self, user, body):
        self._user = user
        self.on_behalf_of = body
        self.history_stamp = {"on_behalf_of": body.name, "on_behalf_of_id": body.id}

    def __getattr__(self, name):
        return getattr(self._user, name)


class LinkActor:
    """A body without an account, through the secret link to one assignment. No user: the
    history names the link's public id (never its secret)."""

    id = None
    role = "link"
    email = ""

    def __init__(self, public_id: str, body):
        self.body = body
        self.body_id = body.id
        self.full_name = f"{body.name} (đường dẫn {public_id})"
        self.history_stamp = {"via_link": public_id}
