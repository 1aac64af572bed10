// Posts per user, from the KV store to the KV store.
//
// Bacefook keeps each post as a key `post_<n>` whose value is JSON naming its
// author: {"author":"user_3","text":"..."}. Over `--input kv:post_` each
// record is one post (the key is `post_<n>`, the value its JSON text); map
// emits the author, the combiner and reduce add the counts up. With
// `--output kv:stats/posts/` each count becomes the key
// `stats/posts/<user>`, its value the number as text (`12`). A user without
// posts gets no key. A value that is not a post with an author fails the task.
//
//   npx node examples/data/bacefook.mjs            # 200 users, 2000 posts (see its header)
//   npx shoal mr run --code examples/posts-per-user.mjs --input kv:post_ --output kv:stats/posts/
//   npx shoal kv get stats/posts/user_1
//   npx shoal kv scan stats/posts/

export function map (key, value, emit) {
  const author = JSON.parse(value)?.author
  if (typeof author !== 'string' || author === '') throw new Error(`${key}: not a post naming its author: ${value.slice(0, 200)}`)
  emit(author, 1)
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
