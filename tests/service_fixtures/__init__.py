"""What the service's tests share: a service over the sample's directories, a store, a
capturing notifier, and a record created through them."""
