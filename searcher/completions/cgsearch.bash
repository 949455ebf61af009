# bash completion for cgsearch(1)                          -*- shell-script -*-
# Installed as $(datadir)/bash-completion/completions/cgsearch, where the
# bash-completion package loads it on first use; needs nothing from that package
# (`. cgsearch.bash` in a bare bash works too). Completes options, the values of
# --format and --color, directories for --db and files for --batch; a query is
# words, so nothing is offered for it.

_cgsearch()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev= i
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--format=j": bash splits the word at "=" (COMP_WORDBREAKS).
    if [[ $cur == = && $prev == --* ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    case $prev in
    --format)
        COMPREPLY=($(compgen -W 'md text html json vimgrep trec' -- "$cur"))
        return ;;
    --color | --colour)
        COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
        return ;;
    --db)
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -d -- "$cur"))
        return ;;
    --batch)
        compopt -o filenames 2>/dev/null
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        [[ -z $cur ]] && COMPREPLY+=(-)
        return ;;
    -n | --limit | --offset | --timeout)
        return ;;
    esac

    # After "--" every word is the query.
    for ((i = 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -- ]] && return
    done
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '--db --timeout --limit --offset --stem --all-passages --explain
            --files-with-matches --count --null --format --color --colour --batch
            --help --version -n -s -l -c -0 -h -V' -- "$cur"))
    fi
}
complete -F _cgsearch cgsearch
