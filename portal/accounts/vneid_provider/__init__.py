"""The portal's side of VNeID login: an allauth OpenID Connect provider that
always checks the id_token's signature and nonce."""
