"""The actions of disposal (财产处置): each `@transaction.atomic`, takes the keyword `actor`, checks its
permission, writes, emits a declared case event and appends a declared audit entry. One line a module
below, so that the helpers building each part can add theirs without touching another's."""
