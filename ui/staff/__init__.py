"""What staff see: login and the role, the live room, moderation, the audience screen,
authoring."""
