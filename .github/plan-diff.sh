#!/usr/bin/env bash
# What a pull request changes in the plans, for the reviewers: for every plan file changed against the
# base branch, `kepu-plan diff --format md` goes into the job summary ($GITHUB_STEP_SUMMARY) and one
# notice annotation per plan says what changed in a line. Run from the repository root, after a
# checkout with the base branch fetched: .github/plan-diff.sh origin/main
set -euo pipefail
base="${1:?用法：.github/plan-diff.sh 基准分支（如 origin/main）}"
summary="${GITHUB_STEP_SUMMARY:-/dev/stdout}"

changed=$(git diff --name-only --no-renames "$base"...HEAD -- 'plans/*.yaml' 'plans/*.yml' \
  | grep -Ev '(^|/)units\.ya?ml$' || true)
if [ -z "$changed" ]; then
  echo "本次没有改动计划文件。" >>"$summary"
  exit 0
fi
for plan in $changed; do
  if [ ! -f "$plan" ]; then
    echo "删除了计划 \`$plan\`。" >>"$summary"
    echo "::notice title=计划被删除::$plan"
  elif ! git cat-file -e "$base:$plan" 2>/dev/null; then
    echo "新增计划 \`$plan\`（基准分支中没有，无从比较）。" >>"$summary"
    echo "::notice file=$plan,line=1,title=新增计划::$plan"
  elif kepu-plan diff "git:$base:$plan" "$plan" --format md >>"$summary"; then
    line=$(kepu-plan diff "git:$base:$plan" "$plan" --format text --color never | sed -n 2p)
    echo "::notice file=$plan,line=1,title=与 $base 相比::$line"
  else
    echo "\`$plan\` 无法与 $base 比较：计划有错误，见 validate 的注释。" >>"$summary"
  fi
done
