# bash completion for cgindex(1)                           -*- shell-script -*-
# Installed as $(datadir)/bash-completion/completions/cgindex, where the
# bash-completion package loads it on first use; needs nothing from that package.
# Completes options, directories for --db and for the collection DIR; nothing for
# the patterns of --glob and --iglob.

_cgindex()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev= i
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    if [[ $cur == = && $prev == --* ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    case $prev in
    -j | --jobs | --shards)
        COMPREPLY=($(compgen -W "$(seq 1 "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)")" -- "$cur"))
        return ;;
    -g | --glob | --iglob)
        return ;; # a pattern, not a file
    --max-file-size)
        COMPREPLY=($(compgen -W '64M 256M 1G 4G' -- "$cur"))
        return ;;
    esac

    local dashdash=
    for ((i = 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -- ]] && dashdash=1
    done
    if [[ $cur == -* && -z $dashdash ]]; then
        COMPREPLY=($(compgen -W '--db --jobs --shards --store-text --rebuild --glob --iglob
            --no-ignore --max-file-size --quiet --help --version -j -g -q -h -V' -- "$cur"))
        return
    fi
    # --db DIR, and the collection DIR.
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY=($(compgen -d -- "$cur"))
}
complete -F _cgindex cgindex
