// Posts per user, from the KV store to the KV store.
//
// Bacefook keeps every key of a user under `user_<n>/`: the profile
// `user_<n>/profile` and each post `user_<n>/post_<m>` (src/client/bacefook.ts).
// Over `--input kv:user_` each record is one of those keys (the value its
// JSON text); map emits the user of each post, the combiner and reduce add
// the counts up. With `--output kv:stats/posts/` each count becomes the key
// `stats/posts/<user>`, its value the number as text (`12`). A user without
// posts gets no key.
//
//   npx shoal bacefook seed --users 200 --posts 2000
//   npx shoal mr run --code examples/posts-per-user.mjs --input kv:user_ --output kv:stats/posts/
//   npx shoal kv get stats/posts/user_1
//   npx shoal kv scan stats/posts/

export function map (key, value, emit) {
  const post = /^(user_[0-9]+)\/post_[0-9]+$/.exec(key)
  if (post !== null) emit(post[1], 1)
}

function sum (counts) {
  let total = 0
  for (const n of counts) total += n
  return total
}

export function combine (user, counts, emit) {
  emit(user, sum(counts))
}

export function reduce (user, counts, emit) {
  emit(user, sum(counts))
}
